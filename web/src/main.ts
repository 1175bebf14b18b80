// Entry point: preferences first (language, text size), then the session-aware router.
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { router, updateTitle } from './router';
import { setUnauthenticatedHandler } from './api/client';
import { applyLocale, applyTextSize, readLocale, readTextSize } from './lib/preferences';
import { clearSession, markStage, session } from './stores/session';
import { startFeed, stopFeed } from './stores/notifications';
import { resetMunicipalityNames } from './composables/useCodeNames';
import { watch } from 'vue';
import './styles/main.css';

applyLocale(readLocale());
applyTextSize(readTextSize());

// Any 401 (the session ended, or the second factor is due) sends the user to the sign-in page,
// at the step the server names, and back to where they were afterwards.
setUnauthenticatedHandler((error) => {
  const code = error.detailCode;
  if (code === 'enrolment_required') markStage('enrol');
  else if (code === 'second_factor_required') markStage('password');
  else clearSession();
  stopFeed();
  const current = router.currentRoute.value;
  if (current.meta.public) return;
  void router.push({ name: 'login', query: { redirect: current.fullPath, expired: '1' } });
});

// The notification feed runs while someone is fully signed in.
watch(
  () => session.signedIn.value,
  (signedIn) => {
    if (signedIn) void startFeed();
    else {
      stopFeed();
      resetMunicipalityNames();
    }
  },
);

// Titles follow the language switch.
watch(i18n.global.locale, () => updateTitle());

createApp(App).use(i18n).use(router).mount('#app');
