import type { EntityManager } from '@mikro-orm/postgresql';
import type { CorrectionRequestView, ListCorrectionRequestsQuery, Page } from '@uehub/contracts';
import { LIVE_REQUESTS, REQUEST_COLUMNS, requestViewOf, type RequestColumns } from './correction-request-projector';
import { keysetPage } from './keyset-page';

/** Reads of correction requests that commands and queries share. */
export const requestRepository = {
  /** A request, locked FOR UPDATE for the rest of the transaction: two managers resolving it queue up. */
  async lock(em: EntityManager, id: string): Promise<RequestColumns | undefined> {
    const [row] = await em.execute<RequestColumns[]>(`select ${REQUEST_COLUMNS} from ${LIVE_REQUESTS} where id = ? for update`, [id]);
    return row;
  },

  async ofShift(em: EntityManager, shiftId: string): Promise<CorrectionRequestView[]> {
    const rows = await em.execute<RequestColumns[]>(`select ${REQUEST_COLUMNS} from ${LIVE_REQUESTS} where shift_id = ? order by requested_at, id`, [shiftId]);
    return rows.map(requestViewOf);
  },

  /** Requests newest first, keyset-paged; `userId` undefined: everyone's. */
  list(em: EntityManager, query: ListCorrectionRequestsQuery): Promise<Page<CorrectionRequestView>> {
    const filters: [string, unknown][] = [];
    if (query.userId) filters.push(['user_id = ?', query.userId]);
    if (query.status) filters.push(['status = ?', query.status]);
    return keysetPage<RequestColumns, CorrectionRequestView>(em, { table: LIVE_REQUESTS, columns: REQUEST_COLUMNS, timeColumn: 'requested_at' }, filters, query, requestViewOf);
  },
};
