// The current time as a ref that moves on every `intervalMs`, for "3時間前" texts that must not
// go stale while a screen stays open all shift. `offsetMs` corrects for the server's clock (the
// alert answers carry `now`), so that countdowns agree with the server's due times.
import { onBeforeUnmount, onMounted, ref } from 'vue';

export function useNow(intervalMs = 30_000) {
  const offset = ref(0);
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | undefined;
  const tick = () => {
    now.value = Date.now() + offset.value;
  };
  onMounted(() => {
    tick();
    timer = setInterval(tick, intervalMs);
  });
  onBeforeUnmount(() => clearInterval(timer));
  return {
    now,
    /** Aligns with a server answer's `now` (its clock at the time it answered). */
    syncTo(serverNow: number | null | undefined) {
      if (typeof serverNow === 'number' && serverNow > 0) {
        offset.value = serverNow - Date.now();
        tick();
      }
    },
  };
}
