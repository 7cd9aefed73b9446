export * from './clients';
export { ClientsModule, downstreamConfig, type Downstream } from './clients.module';
export { DownstreamError, type DownstreamFailure } from './downstream-error';
export {
  HttpJsonClient,
  type CallOptions,
  type DownstreamConfig,
  type JsonCall,
} from './http-json-client';
