/**
 * Makes `target`'s children look like `source`'s, moving `source`'s nodes over where `target`
 * has nothing alike, and changing `target`'s own nodes in place where it has: same element
 * names keep their node (attributes and children brought in line), text nodes keep theirs and
 * take the new text. A growing reply therefore changes only its tail; the nodes before it (a
 * text selection in them, a focused or half-clicked Copy button) stay as they are.
 */
export function morphChildren(target: Node, source: Node): void {
	let current = target.firstChild;
	let next = source.firstChild;
	while (next) {
		const following: ChildNode | null = next.nextSibling;
		if (current === null) {
			target.appendChild(next);
		} else if (current.nodeType === next.nodeType && current.nodeName === next.nodeName) {
			morphNode(current, next);
			current = current.nextSibling;
		} else {
			const after: ChildNode | null = current.nextSibling;
			target.replaceChild(next, current);
			current = after;
		}
		next = following;
	}
	while (current) {
		const after: ChildNode | null = current.nextSibling;
		target.removeChild(current);
		current = after;
	}
}

function morphNode(target: ChildNode, source: ChildNode): void {
	if (target instanceof Element && source instanceof Element) {
		for (const { name } of [...target.attributes]) {
			if (!source.hasAttribute(name)) target.removeAttribute(name);
		}
		for (const { name, value } of source.attributes) {
			if (target.getAttribute(name) !== value) target.setAttribute(name, value);
		}
		morphChildren(target, source);
	} else if (target.nodeValue !== source.nodeValue) {
		target.nodeValue = source.nodeValue;
	}
}
