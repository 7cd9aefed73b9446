export {
  DEADLINE_HEADER,
  DEFAULT_PORTS,
  JAEGER_PORTS,
  SERVICES,
  SERVICE_NAMES,
  defaultUrl,
  type ServiceName,
} from '@suite/contracts';
export { DEFAULT_JAEGER_URL, freePort, isListening, waitForHttp } from './ports';
export { ProcessGroup, type ManagedProcess, type OutputMode } from './process-group';
export { launchSuite, serviceNodeArgs, type RunningSuite, type SuiteOptions } from './launch-suite';
export {
  DEFAULT_JAEGER_PORTS,
  findJaeger,
  freeJaegerPorts,
  launchJaeger,
  type JaegerPorts,
  type RunningJaeger,
} from './jaeger';
export {
  LocalProcessTarget,
  PROCESS_FAULTS,
  httpCall,
  ownSuiteTarget,
  type FaultTarget,
  type HttpAnswer,
  type HttpCall,
  type LocalProcesses,
  type ProcessFault,
} from './faults';
export { ComposeTarget, composeCommand, composeServices } from './faults-compose';
export {
  SUITE_STATE_FILE,
  readSuiteState,
  writeSuiteState,
  removeSuiteState,
  serveSuiteControl,
  newToken,
  npmStartTarget,
  type SuiteState,
} from './faults-npm-start';
export { repoRoot } from './root';
export { launchSuiteWithSink, loggingGroup, type LogLine } from './sink-suite';
export { CommandFailed, run, runOrThrow, type CommandOptions, type CommandResult } from './exec';
export {
  PeakSampler,
  cpuTimeFromStat,
  cpuTimeMs,
  fdCount,
  openFileLimits,
  socketCount,
  statusMb,
} from './proc';
export {
  findPrometheus,
  launchCollector,
  launchMonitoredJaeger,
  launchPrometheus,
  prometheusConfig,
  type CollectorPorts,
  type MonitorOptions,
  type MonitoredJaeger,
  type TailSamplingSettings,
} from './prometheus';
export { findCachedTool } from './cached-tool';
export { IN_CONTAINER_FETCH, inContainerAnswer } from './in-container-fetch';
