// Files going up one request each, with a progress bar per file, a cancel button, and a message
// for each failure: what the timeline's attachment uploader and the crew's scene-media uploader
// share. Uploads still running when the component goes away are aborted.
import { onBeforeUnmount, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { errorSummary } from '@/lib/errorText';
import { useTranslator } from '@/composables/useApiErrors';
import { announce } from '@/stores/announcer';

export interface UploadProgress {
  key: number;
  name: string;
  percent: number;
  controller: AbortController;
}

export type Send<T> = (
  file: File,
  options: { signal: AbortSignal; onProgress: (loaded: number, total: number) => void },
) => Promise<T & { name: string }>;

/** `messages.done` / `messages.failed` are message keys taking `{name}` (and `{reason}`). */
export function useUploadQueue<T>(send: Send<T>, messages: { done: string; failed: string }) {
  const { t } = useI18n();
  const tr = useTranslator();
  const uploads = ref<UploadProgress[]>([]);
  const problems = ref<string[]>([]);
  let counter = 0;

  /** Sends the file; `stored` gets what the server kept. Failures go to `problems`. */
  async function upload(file: File, stored: (item: T & { name: string }) => void) {
    const entry: UploadProgress = { key: ++counter, name: file.name, percent: 0, controller: new AbortController() };
    uploads.value.push(entry);
    try {
      const item = await send(file, {
        signal: entry.controller.signal,
        onProgress: (loaded, total) => {
          const u = uploads.value.find((x) => x.key === entry.key);
          if (u) u.percent = total > 0 ? Math.round((loaded / total) * 100) : 100;
        },
      });
      stored(item);
      announce(t(messages.done, { name: item.name }));
    } catch (e) {
      if ((e as Error).name !== 'AbortError') {
        problems.value.push(t(messages.failed, { name: file.name, reason: errorSummary(e, tr) }));
      }
    } finally {
      uploads.value = uploads.value.filter((x) => x.key !== entry.key);
    }
  }

  function cancel(key: number) {
    uploads.value.find((x) => x.key === key)?.controller.abort();
  }

  onBeforeUnmount(() => uploads.value.forEach((u) => u.controller.abort()));
  return { uploads, problems, upload, cancel };
}
