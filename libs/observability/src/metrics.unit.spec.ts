import { metricsText, trackConsumerPending, trackOutboxPending, trackPoolConnections } from './metrics';

describe('scrape-time gauges', () => {
  it('should read every source at scrape time, labelled by service', async () => {
    let pending = 3;
    const untrack = trackOutboxPending('unit-a', () => pending);
    expect(await metricsText()).toContain('uehub_outbox_pending{service="unit-a"} 3');
    pending = 0;
    expect(await metricsText()).toContain('uehub_outbox_pending{service="unit-a"} 0');
    untrack();
    expect(await metricsText()).not.toContain('service="unit-a"');
  });

  it('should leave out a source that fails, and keep the others', async () => {
    const untrackBad = trackConsumerPending('unit-b', 'broken', () => Promise.reject(new Error('no broker')));
    const untrackGood = trackConsumerPending('unit-b', 'fine', async () => 7);
    const text = await metricsText();
    expect(text).not.toContain('durable="broken"');
    expect(text).toContain('uehub_consumer_pending{service="unit-b",durable="fine"} 7');
    untrackBad();
    untrackGood();
  });

  it('should drop a pool once it has ended and let a newer registration of the service win', async () => {
    let ended = false;
    trackPoolConnections('unit-c', () => (ended ? undefined : { total: 2, idle: 1, waiting: 0 }));
    expect(await metricsText()).toContain('uehub_db_pool_connections{service="unit-c",state="idle"} 1');
    ended = true;
    expect(await metricsText()).not.toContain('service="unit-c"');

    const untrackOld = trackOutboxPending('unit-d', () => 1);
    trackOutboxPending('unit-d', () => 2);
    untrackOld(); // the old owner stopping does not remove the newer source
    expect(await metricsText()).toContain('uehub_outbox_pending{service="unit-d"} 2');
  });
});
