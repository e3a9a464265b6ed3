import { describe, expect, it, vi } from 'vitest';
import type { AccountEvent } from '$lib/sync/account-event';
import { ACCOUNT_CHANNEL, openAccountChannel, type ChannelEnv } from './account-channel';

/** Resolves after pending messages between channels have been delivered. */
const delivered = () => new Promise((resolve) => setTimeout(resolve, 20));

/**
 * Tabs without BroadcastChannel sharing one localStorage: a write fires `storage` in every
 * tab but the writer, as browsers do.
 */
function storageTabs(count: number): ChannelEnv[] {
	const values = new Map<string, string>();
	const targets = Array.from({ length: count }, () => new EventTarget());
	return targets.map((own) => ({
		BroadcastChannel: undefined,
		events: own,
		storage: {
			setItem(key: string, value: string) {
				values.set(key, value);
				for (const target of targets) {
					if (target === own) continue;
					target.dispatchEvent(Object.assign(new Event('storage'), { key, newValue: value }));
				}
			}
		}
	}));
}

const SIGNED_OUT: AccountEvent = { type: 'signed-out', userId: 'user-1' };
const SIGNED_IN: AccountEvent = { type: 'signed-in', userId: 'user-2' };

describe('openAccountChannel', () => {
	it('tells the other tabs over BroadcastChannel, not the tab that announces', async () => {
		const env = { BroadcastChannel: globalThis.BroadcastChannel };
		const heardByA = vi.fn();
		const heardByB = vi.fn();
		const a = openAccountChannel(heardByA, env);
		const b = openAccountChannel(heardByB, env);
		try {
			a.announce(SIGNED_OUT);
			a.announce(SIGNED_IN);
			await delivered();
			expect(heardByB.mock.calls).toEqual([[SIGNED_OUT], [SIGNED_IN]]);
			expect(heardByA).not.toHaveBeenCalled();
		} finally {
			a.close();
			b.close();
		}
	});

	it('ignores a malformed broadcast', async () => {
		const heard = vi.fn();
		const channel = openAccountChannel(heard, { BroadcastChannel: globalThis.BroadcastChannel });
		const stranger = new BroadcastChannel(ACCOUNT_CHANNEL);
		try {
			stranger.postMessage({ type: 'signed-in' });
			stranger.postMessage('signed-out');
			await delivered();
			expect(heard).not.toHaveBeenCalled();
		} finally {
			stranger.close();
			channel.close();
		}
	});

	it('falls back to the storage event, and repeats an event announced twice', () => {
		const [envA, envB] = storageTabs(2);
		const heardByA = vi.fn();
		const heardByB = vi.fn();
		const a = openAccountChannel(heardByA, envA);
		openAccountChannel(heardByB, envB);

		a.announce(SIGNED_OUT);
		a.announce(SIGNED_OUT);

		expect(heardByB.mock.calls).toEqual([[SIGNED_OUT], [SIGNED_OUT]]);
		expect(heardByA).not.toHaveBeenCalled();
	});

	it('ignores storage events of other keys and values it cannot read', () => {
		const [envA, envB] = storageTabs(2);
		const heard = vi.fn();
		openAccountChannel(heard, envB);
		envA?.storage?.setItem('outpost.lastUser', JSON.stringify(SIGNED_IN));
		envA?.storage?.setItem(ACCOUNT_CHANNEL, '{not json');
		envA?.storage?.setItem(ACCOUNT_CHANNEL, JSON.stringify({ type: 'unknown' }));
		expect(heard).not.toHaveBeenCalled();
	});

	it('stops listening once closed', () => {
		const [envA, envB] = storageTabs(2);
		const heard = vi.fn();
		const a = openAccountChannel(() => {}, envA);
		openAccountChannel(heard, envB).close();
		a.announce(SIGNED_IN);
		expect(heard).not.toHaveBeenCalled();
	});
});
