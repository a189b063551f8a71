import { Anchor, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Citation } from './common';

/**
 * Inline pieces of an answer: `[n]` citation markers, `[label](/path)` links to pages of Atom (only
 * same-site paths: text from a model or a document cannot link elsewhere), and "Settings → AI".
 */
const TOKEN = /(\[\d+\]|\[[^\]\n]{1,200}\]\(\/[^)\s]{0,300}\)|Settings → AI)/g;

/** Text with links to Atom's own pages; used for answers and error messages alike. */
export function linkify(text: string, citations: Citation[] = []): ReactNode[] {
  return text.split(TOKEN).map((p, i) => {
    const n = /^\[(\d+)\]$/.exec(p)?.[1];
    if (n) {
      const c = citations.find((x) => x.n === Number(n));
      return c ? (
        <Anchor key={i} href={c.url} title={c.title} size="sm">
          <sup>[{c.n}]</sup>
        </Anchor>
      ) : (
        <span key={i}>{p}</span>
      );
    }
    const link = /^\[([^\]]+)\]\((\/[^)]*)\)$/.exec(p);
    if (link && !link[2]!.startsWith('//')) {
      return (
        <Anchor key={i} component={Link} to={link[2]!}>
          {link[1]}
        </Anchor>
      );
    }
    if (p === 'Settings → AI') {
      return (
        <Anchor key={i} component={Link} to="/settings/ai">
          Settings → AI
        </Anchor>
      );
    }
    return <span key={i}>{p}</span>;
  });
}

/** Answer text with citation markers and in-app links turned into links. */
export function MessageText({ text, citations }: { text: string; citations: Citation[] }) {
  return <Text style={{ whiteSpace: 'pre-wrap' }}>{linkify(text, citations)}</Text>;
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
