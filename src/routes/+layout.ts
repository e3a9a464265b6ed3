// The app is one client-rendered shell, prerendered so that the service worker can precache it
// and serve it offline; all data comes from the sync worker and the API.
export const prerender = true;
export const ssr = false;
