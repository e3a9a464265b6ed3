import type { Migration } from './migrate';

const files = import.meta.glob('/supabase/migrations/*.sql', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

/** The migrations in `supabase/migrations/`, bundled into the server build. */
export const bundledMigrations: Migration[] = Object.entries(files).map(([path, sql]) => ({
	name: path.slice(path.lastIndexOf('/') + 1),
	sql
}));
