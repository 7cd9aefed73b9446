export {
  DEADLINE_HEADER,
  DEFAULT_PORTS,
  JAEGER_PORTS,
  SERVICES,
  SERVICE_NAMES,
  defaultUrl,
  type ServiceName,
} from '@suite/contracts';
