export { ChaosModule } from './chaos.module';
export { ChaosRegistry, type ActiveFault } from './chaos-registry';
export {
  CHAOS_USAGE,
  ChaosFaultSchema,
  parseChaosFaults,
  routeMatches,
  type ChaosFault,
  type ChaosFaultKind,
  type ChaosFaultSpec,
} from './chaos-fault';
