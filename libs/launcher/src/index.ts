export { SERVICES, SERVICE_NAMES, type ServiceName } from './suite';
export { freePort, isListening, waitForHttp } from './ports';
export { ProcessGroup, type ManagedProcess, type OutputMode } from './process-group';
export { launchSuite, type RunningSuite, type SuiteOptions } from './launch-suite';
export {
  DEFAULT_JAEGER_PORTS,
  findJaeger,
  freeJaegerPorts,
  launchJaeger,
  type JaegerPorts,
  type RunningJaeger,
} from './jaeger';
