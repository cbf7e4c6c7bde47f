import type { Db } from '../database.js';

export type SignInClientKind = 'address' | 'device';

/** True when the user has signed in before from this address or with this device cookie. */
export async function isKnownSignInClient(
  db: Db,
  userId: number,
  clients: { addressHash: string; deviceHash: string | undefined },
): Promise<boolean> {
  const row = await db
    .selectFrom('sign_in_clients')
    .select('user_id')
    .where('user_id', '=', userId)
    .where((eb) => {
      const address = eb.and([eb('kind', '=', 'address'), eb('value_hash', '=', clients.addressHash)]);
      if (clients.deviceHash === undefined) return address;
      return eb.or([address, eb.and([eb('kind', '=', 'device'), eb('value_hash', '=', clients.deviceHash)])]);
    })
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Remembers (or refreshes) a client the user signed in from. */
export async function rememberSignInClient(
  db: Db,
  client: { userId: number; kind: SignInClientKind; valueHash: string; now: string },
): Promise<void> {
  await db
    .insertInto('sign_in_clients')
    .values({
      user_id: client.userId,
      kind: client.kind,
      value_hash: client.valueHash,
      last_seen_at: client.now,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'kind', 'value_hash']).doUpdateSet({ last_seen_at: client.now }),
    )
    .execute();
}
