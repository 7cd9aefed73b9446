export {
  DEFAULT_MIX,
  KINDS,
  SKUS,
  SYNTHETIC_BAGGAGE,
  buildRequest,
  parseMix,
  pickKind,
  randomInt,
  type Kind,
  type Mix,
} from './request-mix';
export { costPct, median, percentile, ratio, round, summarize, type Summary } from './stats';
