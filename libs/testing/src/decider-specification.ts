import type { RequestContext } from '@uehub/contracts';
import type { Decider, NewEvent } from '@uehub/event-store';

const TEST_CONTEXT: RequestContext = { actor: { kind: 'system', id: 'spec' }, correlationId: 'spec' };

/**
 * Unit tests of a decider that read like the domain (emmett's DeciderSpecification):
 * `spec.given(events).when(command).then(events)` asserts the whole list of events in order;
 * `.thenThrows(code)` the refusal's stable error code.
 */
export function deciderSpecification<S, C>(decider: Decider<S, C>) {
  return {
    given(...history: NewEvent[]) {
      const state = history.reduce(decider.evolve, decider.initialState);
      return {
        when(command: C, context: RequestContext = TEST_CONTEXT) {
          const run = () => decider.decide(command, state, context);
          return {
            then(expected: NewEvent[]): void {
              expect(run()).toEqual(expected);
            },
            thenThrows(code: string): void {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect({ code: (thrown as { code?: string } | undefined)?.code }).toEqual({ code });
            },
          };
        },
      };
    },
  };
}
