import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_RESOURCE_DETECTORS,
  resourceDetectorSetting,
  resourceDetectorsFromEnv,
} from './resource-detectors';

describe('OTEL_NODE_RESOURCE_DETECTORS -> detectors', () => {
  it('defaults to env,host,os,process: no cloud metadata probing', () => {
    assert.equal(resourceDetectorSetting({}), 'env,host,os,process');
    assert.equal(resourceDetectorsFromEnv({}).length, DEFAULT_RESOURCE_DETECTORS.split(',').length);
  });

  it('is honoured when set, with the names auto-instrumentations-node documents', () => {
    assert.equal(resourceDetectorsFromEnv({ OTEL_NODE_RESOURCE_DETECTORS: 'none' }).length, 0);
    assert.equal(resourceDetectorsFromEnv({ OTEL_NODE_RESOURCE_DETECTORS: 'env' }).length, 1);
    // aws stands for five detectors (EC2, ECS, EKS, Beanstalk, Lambda)
    assert.equal(resourceDetectorsFromEnv({ OTEL_NODE_RESOURCE_DETECTORS: 'env,aws' }).length, 6);
  });

  it('leaves process.env as it was', () => {
    const before = process.env['OTEL_NODE_RESOURCE_DETECTORS'];
    resourceDetectorsFromEnv({ OTEL_NODE_RESOURCE_DETECTORS: 'host' });
    assert.equal(process.env['OTEL_NODE_RESOURCE_DETECTORS'], before);
  });
});
