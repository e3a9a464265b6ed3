import type { ScenarioResult } from './report';
import type { RunSettings } from './settings';

export async function crashFamily(
	_settings: RunSettings,
	_postgresUrl: string,
	_log: (line: string) => void
): Promise<ScenarioResult[]> {
	return [];
}
