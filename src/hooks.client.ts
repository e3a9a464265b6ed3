import { z } from 'zod';

// The page runs under a Content Security Policy without 'unsafe-eval' (kit.csp in
// svelte.config.js). Zod compiles its object parsers with `new Function` where it may, and the
// probe it runs to find out is reported as a CSP violation even though it is caught; its
// interpreted parsers need no eval. Kit loads this file before any route, so before any schema
// of the page is built. (The workers' scripts carry no script policy and keep the compiled ones.)
z.config({ jitless: true });
