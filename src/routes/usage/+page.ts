// The usage page's frame (header, heading, range picker, "Loading usage…") is in its
// prerendered HTML, so that it shows before the page's code has run; the numbers come after.
export const ssr = true;
