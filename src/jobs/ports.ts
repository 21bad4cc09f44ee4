/** Background jobs as the domain sees them: enqueued inside the transaction of the change that needs them. */
export interface JobsTx {
  /**
   * Stores a job in the current transaction. Runners are told of it only once the transaction
   * has committed (by the unit of work), never for one that rolled back.
   */
  enqueue(kind: string, payload: unknown): Promise<number>;
}
