import { Anchor, Text } from '@mantine/core';
import type { Citation } from './common';

/** Answer text with `[n]` citation markers turned into links to the cited documents. */
export function MessageText({ text, citations }: { text: string; citations: Citation[] }) {
  const parts = text.split(/(\[\d+\])/g);
  return (
    <Text style={{ whiteSpace: 'pre-wrap' }}>
      {parts.map((p, i) => {
        const n = /^\[(\d+)\]$/.exec(p)?.[1];
        const c = n ? citations.find((x) => x.n === Number(n)) : undefined;
        return c ? (
          <Anchor key={i} href={c.url} title={c.title} size="sm">
            <sup>[{c.n}]</sup>
          </Anchor>
        ) : (
          <span key={i}>{p}</span>
        );
      })}
    </Text>
  );
}

export function CitationList({ citations }: { citations: Citation[] }) {
  if (citations.length === 0) return null;
  return (
    <ol style={{ margin: '4px 0 0', paddingLeft: 20 }} aria-label="Sources">
      {citations.map((c) => (
        <li key={c.n}>
          <Anchor href={c.url} size="sm">
            {c.title}
          </Anchor>
          <Text size="xs" c="dimmed" lineClamp={2}>
            {c.snippet}
          </Text>
        </li>
      ))}
    </ol>
  );
}
