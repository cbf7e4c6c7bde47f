/**
 * Listeners told how long each service transaction took (the metrics plugin keeps a
 * histogram of them). Process-wide: every handle's transactions are reported, whichever
 * context opened them.
 */
export type TransactionObserver = (seconds: number, outcome: 'commit' | 'rollback') => void;

const observers = new Set<TransactionObserver>();

/** Adds a listener; answers the function that removes it again. */
export function observeTransactions(observer: TransactionObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function reportTransaction(seconds: number, outcome: 'commit' | 'rollback'): void {
  for (const observer of observers) observer(seconds, outcome);
}
