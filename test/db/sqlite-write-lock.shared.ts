import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.js';

/**
 * Opens its own handle on `filename` and runs `rounds` transactions that each read the
 * counter, wait a moment (other work of the transaction), then write the counter plus one.
 */
export async function readThenWrite(filename: string, who: string, rounds: number): Promise<void> {
  const handle = openDatabase({ kind: 'sqlite', filename });
  try {
    for (let i = 0; i < rounds; i++) {
      await handle.kysely.transaction().execute(async (trx) => {
        const { rows } = await sql<{ n: number }>`select n from counter where id = 1`.execute(trx);
        await sleep(2);
        await sql`update counter set n = ${(rows[0]?.n ?? 0) + 1} where id = 1`.execute(trx);
        await sql`insert into writes (who) values (${who})`.execute(trx);
      });
    }
  } finally {
    await handle.close();
  }
}
