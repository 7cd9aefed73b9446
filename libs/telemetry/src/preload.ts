// Loaded with `node --import @suite/telemetry/preload`, before the app: instrumentation must patch
// http, express and Nest before they are first required.
import { startTelemetry } from './sdk';

startTelemetry();
