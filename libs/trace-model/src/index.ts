export { endUs, type AttributeValue, type TraceSpan } from './span';
export {
  allOverlap,
  ancestors,
  childrenOf,
  noneOverlap,
  orphans,
  overlap,
  parallelismRatio,
  parentOf,
  roots,
  services,
  walk,
} from './analysis';
export { fromJaegerTrace, type JaegerTrace } from './jaeger-trace';
export { JaegerQueryClient, JaegerQueryError } from './jaeger-query-client';
export { renderWaterfall, type WaterfallOptions } from './waterfall';
