// Keeps the open page current: reads the coordinator's live stream and, when something of theirs changed, has the
// shown queries fetched again through the normal API. A new booking's wedding is also announced in a notice.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, ReactNode, useContext, useEffect, useState } from 'react';
import { ApiError } from '../api/api-error';
import { WeddingDetails } from '../api/types';
import { useApi } from '../session/session';
import { ServerSentEventParser } from './server-sent-events';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export interface Arrival {
  weddingId: string;
  coupleName: string;
  weddingDate: string;
}

interface Live {
  status: LiveStatus;
  problem: string | undefined;
  arrivals: Arrival[];
  dismiss(weddingId: string): void;
}

const LiveContext = createContext<Live>({ status: 'connecting', problem: undefined, arrivals: [], dismiss: () => undefined });

const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 15_000];
/** Changes that arrive together (a booking writes two entries) cause one re-read. */
const COALESCE_MS = 50;

export function LiveUpdates({ children }: { children: ReactNode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [problem, setProblem] = useState<string>();
  const [arrivals, setArrivals] = useState<Arrival[]>([]);

  useEffect(() => {
    const abort = new AbortController();
    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    const refetchSoon = () => {
      clearTimeout(refetchTimer);
      refetchTimer = setTimeout(() => void queryClient.invalidateQueries(), COALESCE_MS);
    };
    const announce = async (weddingId: string) => {
      try {
        const wedding = await api.get<WeddingDetails>(`/weddings/${weddingId}`);
        setArrivals((shown) => [{ weddingId, coupleName: wedding.coupleName, weddingDate: wedding.weddingDate }, ...shown].slice(0, 3));
      } catch {
        // The page's own queries show the wedding, or say what went wrong.
      }
    };

    const run = async () => {
      for (let failures = 0; !abort.signal.aborted; ) {
        try {
          const response = await api.stream('/stream', abort.signal);
          const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
          const parser = new ServerSentEventParser();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            for (const event of parser.push(value)) {
              if (event.event === 'ready') {
                failures = 0;
                setStatus('live');
                setProblem(undefined);
                // Anything may have changed while the stream was not listening.
                refetchSoon();
              } else if (event.event === 'interrupted') {
                setStatus('reconnecting');
              } else if (event.event === 'activity') {
                const notice = JSON.parse(event.data) as { type: string; weddingId: string | null };
                refetchSoon();
                if (notice.type === 'wedding_created' && notice.weddingId) void announce(notice.weddingId);
              }
            }
          }
          if (!abort.signal.aborted) setProblem('The live connection was closed by the service; reconnecting.');
        } catch (error) {
          if (abort.signal.aborted) return;
          if (error instanceof ApiError && error.status === 401) return; // signed out
          setProblem(error instanceof ApiError ? error.message : 'The live connection broke off; reconnecting.');
        }
        if (abort.signal.aborted) return;
        setStatus('reconnecting');
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[Math.min(failures++, RETRY_DELAYS_MS.length - 1)]));
      }
    };
    void run();
    return () => {
      abort.abort();
      clearTimeout(refetchTimer);
    };
  }, [api, queryClient]);

  const live: Live = {
    status,
    problem,
    arrivals,
    dismiss: (weddingId) => setArrivals((shown) => shown.filter((arrival) => arrival.weddingId !== weddingId)),
  };
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

export const useLive = () => useContext(LiveContext);
