export * from './ids';
export * from './users';
export * from './orders';
export * from './loyalty';
export * from './recommendations';
export * from './bff';
export * from './errors';
