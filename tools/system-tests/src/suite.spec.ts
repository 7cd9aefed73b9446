// The whole suite as five real processes on loopback, exporting OTLP to an in-test sink: proves the
// trace contract of ../shared/contract.md and the behaviour users rely on, over real HTTP.
import { after, before, describe } from 'node:test';
import { launchSuiteWithSink } from '@suite/harness';
import { checkoutTests } from './suite/checkout';
import { partialFailureTests } from './suite/partial-failure';
import { traceAttributeTests } from './suite/trace-attributes';
import { traceStructureTests } from './suite/trace-structure';
import { group, setSuite, sink } from './suite/world';

describe('the suite as real processes (spans exported over OTLP)', () => {
  before(async () => {
    setSuite(
      await launchSuiteWithSink(group, sink, {
        // A fixed latency per call keeps timing assertions far from noise.
        LATENCY: 'fixed:20',
      }),
    );
  });

  after(async () => {
    await group.stopAll();
    await sink.stop();
  });

  traceStructureTests();
  traceAttributeTests();
  checkoutTests();
  partialFailureTests();
});
