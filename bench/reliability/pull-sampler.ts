// A child process of the reliability benchmark: says `ready` once warmed up, pulls as other
// users until told to stop, then sends its figures back (see samplePulls in sampling.ts).
import { samplePullsHere } from './sampling';

const config = JSON.parse(process.env.SAMPLER_CONFIG ?? '{}') as {
	baseUrl: string;
	tokens: string[];
	everyMs: number;
	timeoutMs: number;
};
const sampler = samplePullsHere(config.baseUrl, config.tokens, config.everyMs, config.timeoutMs);
void sampler.ready.then(() => process.send?.('ready'));
process.once('message', () => {
	void sampler.stop().then((figures) => {
		process.send?.(figures, () => process.exit(0));
	});
});
