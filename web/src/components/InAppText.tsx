import { Anchor } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

// Places in Atom that server messages name in words; each becomes a link wherever a message is shown.
const places: Record<string, string> = { 'Settings → AI': '/settings/ai' };
const PLACE = new RegExp(`(${Object.keys(places).join('|')})`, 'g');

/**
 * A server message with the places it names ("Add a key in Settings → AI") turned into links to them.
 * Only these fixed names link, so text from outside (a model, a document) can never make a link.
 *
 * @example <Text size="sm">{inAppLinks(error.message)}</Text>
 */
export function inAppLinks(text: string): ReactNode[] {
  return text.split(PLACE).map((part, i) =>
    places[part] ? (
      <Anchor key={i} component={Link} to={places[part]} inherit>
        {part}
      </Anchor>
    ) : (
      <span key={i}>{part}</span>
    ),
  );
}
