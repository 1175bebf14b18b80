// One polite live region for the whole app (rendered by App.vue): short messages that screen
// readers read out without moving focus, such as "2 new notifications" or "link copied".
import { ref } from 'vue';

export const announcement = ref('');
let clearTimer: ReturnType<typeof setTimeout> | undefined;

export function announce(message: string): void {
  // Clearing first makes the same message read again when it repeats.
  announcement.value = '';
  clearTimeout(clearTimer);
  setTimeout(() => {
    announcement.value = message;
    clearTimer = setTimeout(() => (announcement.value = ''), 8000);
  }, 50);
}
