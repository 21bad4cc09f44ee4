/**
 * In-process publish/subscribe of dossier events (document progress, status changes), which
 * the HTTP layer streams as server-sent events. Scale-out replaces it with a shared channel
 * (PostgreSQL LISTEN/NOTIFY or Redis) behind the same interface.
 */
export interface DossierEvent {
  type: 'document' | 'status';
  dossierCode: string;
  data: Record<string, unknown>;
}

export interface DossierEvents {
  publish(event: DossierEvent): void;
  subscribe(dossierCode: string, listener: (e: DossierEvent) => void): () => void;
  /** Subscriptions open now (all dossiers): what a closed stream must give back. */
  listenerCount(): number;
}

export function createDossierEvents(): DossierEvents {
  const listeners = new Map<string, Set<(e: DossierEvent) => void>>();
  return {
    publish(event) {
      for (const l of listeners.get(event.dossierCode) ?? []) {
        try {
          l(event);
        } catch {
          // A broken subscriber (closed stream) must not stop the others or the publisher.
        }
      }
    },
    listenerCount: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
    subscribe(code, listener) {
      const set = listeners.get(code) ?? new Set();
      set.add(listener);
      listeners.set(code, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(code);
      };
    },
  };
}
