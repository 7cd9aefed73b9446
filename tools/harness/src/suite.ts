export { SERVICES, SERVICE_NAMES, type ServiceName } from '@suite/contracts';
