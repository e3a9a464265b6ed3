/** The last words of every longReply: a test knows the whole reply is shown once it sees them. */
export const LONG_REPLY_END = 'That is the whole walkthrough.';

const TS = [
	'```ts',
	'export interface Order { id: string; lines: { sku: string; quantity: number; price: number }[] }',
	'',
	'/** The total of an order, in cents. */',
	'export function total(order: Order): number {',
	'\tlet sum = 0;',
	'\tfor (const line of order.lines) {',
	'\t\tif (line.quantity <= 0) throw new Error(`bad quantity for ${line.sku}`);',
	'\t\tsum += Math.round(line.price * 100) * line.quantity; // cents, never floats',
	'\t}',
	'\treturn sum;',
	'}',
	'',
	'const orders = await fetch("/api/orders").then((response) => response.json() as Promise<Order[]>);',
	'console.log(orders.map(total).reduce((a, b) => a + b, 0));',
	'```'
].join('\n');

const PYTHON = [
	'```python',
	'from dataclasses import dataclass',
	'',
	'@dataclass',
	'class Line:',
	'    sku: str',
	'    quantity: int',
	'    price: float',
	'',
	'def total(lines: list[Line]) -> int:',
	'    """The total in cents."""',
	'    cents = 0',
	'    for line in lines:',
	'        if line.quantity <= 0:',
	'            raise ValueError(f"bad quantity for {line.sku}")',
	'        cents += round(line.price * 100) * line.quantity  # never floats',
	'    return cents',
	'',
	'print(total([Line("a", 2, 1.25), Line("b", 1, 9.99)]))',
	'```'
].join('\n');

/**
 * A model's long answer of about `size` characters: sections with a heading, prose with
 * emphasis, links and inline code, a list, a table now and then, and a TypeScript or Python
 * block each.
 */
export function longReply(size: number): string {
	const parts: string[] = [];
	let length = 0;
	for (let section = 1; length < size; section++) {
		const part = [
			`## Step ${section}: totals, the careful way`,
			`In this step we compute the **total** of each order with \`total()\`, and *never* with floats: a price of 0.1 + 0.2 is not 0.3. See [the guide](https://example.com/guide/${section}) for why.`,
			'- read the orders\n- check every quantity\n- add up cents\n- print the sum',
			section % 3 === 0
				? '| Order | Lines | Total |\n|---|--:|--:|\n| A-1 | 2 | 12.49 |\n| B-7 | 5 | 3.10 |'
				: '',
			section % 2 === 0 ? PYTHON : TS
		]
			.filter((piece) => piece !== '')
			.join('\n\n');
		parts.push(part);
		length += part.length + 2;
	}
	parts.push(LONG_REPLY_END);
	return parts.join('\n\n');
}
