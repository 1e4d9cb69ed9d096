// Which database errors are an outage (the 503 page, "come back soon") and which are a fault in the
// request (the 500 page): the pg driver and PostgreSQL say so in different ways.
import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../../src/server/db/index.ts';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['no answer in time (client side)', new Error('Query read timeout')],
    ['no connection in time', new Error('timeout exceeded when trying to connect')],
    ['connection dropped', new Error('Connection terminated unexpectedly')],
    ['client already broken', new Error('Client has encountered a connection error and is not queryable')],
    ['refused', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['backend terminated by an administrator', pgError('57P01', 'terminating connection due to administrator command')],
    ['server starting up', pgError('57P03', 'the database system is starting up')],
    ['statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
    ['too many connections', pgError('53300', 'sorry, too many clients already')],
    ['connection exception class', pgError('08006', 'connection failure')],
    ['failing fast while down', new DatabaseUnavailableError()],
    ['wrapped', new Error('saving failed', { cause: new Error('Connection terminated unexpectedly') })],
  ])('%s: yes', (_, e) => {
    expect(isDatabaseUnavailable(e)).toBe(true);
  });

  it.each([
    ['missing table', pgError('42P01', 'relation "complaints" does not exist')],
    ['unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['serialization failure', pgError('40001', 'could not serialize access')],
    ['SQLite busy', pgError('SQLITE_BUSY', 'database is locked')],
    ['not an error', 'Query read timeout'],
    ['nothing', undefined],
  ])('%s: no', (_, e) => {
    expect(isDatabaseUnavailable(e)).toBe(false);
  });
});
