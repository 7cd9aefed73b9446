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
export { fromJaegerTrace, JaegerClient, JaegerQueryError, type JaegerTrace } from './jaeger-client';
export { renderWaterfall, type WaterfallOptions } from './waterfall';
