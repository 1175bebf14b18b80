// The status list kept current: the whole list once, then the live stream's `status` events,
// each naming persons whose row changed; only those rows are fetched again and merged in (a
// screen of 10,000 homes stays cheap). Events that arrive while a fetch runs wait for it and go
// out together. When the stream drops, it is reopened with a growing delay (2 s doubling up to a
// minute, starting over once a stream stayed open for 30 s), and the whole list is fetched again on
// reconnect, since events were missed meanwhile.
import { onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import { getStatus, getStatusRows, statusStreamUrl } from '@/api/watch';
import type { StatusEvent, StatusRow } from '@/api/watchTypes';
import { mergeRows } from './statusList';

export type StreamState = 'idle' | 'connecting' | 'live' | 'retrying';

const FIRST_DELAY_MS = 2000;
const MAX_DELAY_MS = 60_000;
const REFRESH_RETRY_MS = 5000;
/** A stream counts as healthy (the back-off starts over) once it stayed open this long. */
const HEALTHY_MS = 30_000;

export function useStatusBoard(municipality: Ref<string>) {
  const rows = shallowRef<StatusRow[]>([]);
  const loaded = ref(false);
  const error = shallowRef<unknown>(null);
  const stream = ref<StreamState>('idle');
  /** When the server last answered (its clock), for "as of". */
  const generatedAt = ref(0);
  /** The municipality the server chose (the caller's first when none was asked for). */
  const shownCode = ref('');

  let source: EventSource | null = null;
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let delay = FIRST_DELAY_MS;
  let everOpened = false;
  let openedAt = 0;
  // Bumped on every (re)start: answers for an earlier municipality are dropped.
  let generation = 0;
  let loadingAll = false;
  let refreshing = false;
  const pending = new Set<string>();

  async function loadAll(): Promise<void> {
    const gen = generation;
    loadingAll = true;
    try {
      const list = await getStatus(municipality.value || undefined);
      if (gen !== generation) return;
      rows.value = list.items;
      generatedAt.value = list.generated_at;
      shownCode.value = list.municipality_code;
      loaded.value = true;
      error.value = null;
    } catch (e) {
      if (gen === generation) error.value = e;
    } finally {
      if (gen === generation) {
        loadingAll = false;
        void flush();
      }
    }
  }

  async function flush(): Promise<void> {
    if (refreshing || loadingAll || pending.size === 0 || !loaded.value) return;
    const gen = generation;
    const asked = [...pending];
    pending.clear();
    refreshing = true;
    try {
      const list = await getStatusRows(municipality.value || shownCode.value || undefined, asked);
      if (gen !== generation) return;
      rows.value = mergeRows(rows.value, asked, list.items);
      generatedAt.value = list.generated_at;
    } catch {
      if (gen !== generation) return;
      // Keep the persons for the next try; the list stays as it was meanwhile.
      for (const p of asked) pending.add(p);
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void flush(), REFRESH_RETRY_MS);
    } finally {
      if (gen === generation) {
        refreshing = false;
        if (pending.size > 0) void flush();
      }
    }
  }

  function receive(data: string): void {
    try {
      const ev = JSON.parse(data) as StatusEvent;
      if (!Array.isArray(ev.persons)) return;
      for (const p of ev.persons) if (typeof p === 'string') pending.add(p);
    } catch {
      return; // a malformed event is skipped; the next full load shows the truth
    }
    void flush();
  }

  function open(): void {
    if (typeof EventSource === 'undefined') return;
    const gen = generation;
    stream.value = everOpened ? 'retrying' : 'connecting';
    const es = new EventSource(statusStreamUrl(municipality.value || undefined));
    source = es;
    es.onopen = () => {
      if (gen !== generation) return;
      const reconnect = everOpened;
      everOpened = true;
      openedAt = Date.now();
      stream.value = 'live';
      if (reconnect) void loadAll();
    };
    es.addEventListener('status', (ev) => {
      if (gen === generation) receive((ev as MessageEvent<string>).data);
    });
    es.onerror = () => {
      if (gen !== generation) return;
      // Our own back-off rather than the browser's fixed retry: a server that refuses (session
      // ended, restarting) is not asked again every three seconds by every open screen.
      es.close();
      source = null;
      everOpened = true;
      stream.value = 'retrying';
      // A stream that drops right after opening (a proxy's timeout, an ended session) must not
      // cause a full reload every two seconds: the delay only starts over after a healthy spell.
      if (openedAt && Date.now() - openedAt >= HEALTHY_MS) delay = FIRST_DELAY_MS;
      openedAt = 0;
      clearTimeout(reopenTimer);
      reopenTimer = setTimeout(open, delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    };
  }

  function stop(): void {
    generation += 1;
    clearTimeout(reopenTimer);
    clearTimeout(refreshTimer);
    source?.close();
    source = null;
    pending.clear();
    loadingAll = false;
    refreshing = false;
    stream.value = 'idle';
  }

  function start(): void {
    stop();
    everOpened = false;
    delay = FIRST_DELAY_MS;
    loaded.value = false;
    rows.value = [];
    error.value = null;
    open();
    void loadAll();
  }

  watch(municipality, start);
  onBeforeUnmount(stop);

  return { rows, loaded, error, stream, generatedAt, shownCode, start, reload: loadAll };
}
