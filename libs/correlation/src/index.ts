export * from './correlation-id';
export * from './correlation.middleware';
export * from './correlation.propagator';
