import type { Section } from '../app/navigation';

/** A section whose pages have not landed yet: says what it will hold rather than showing nothing. */
export function SectionPage({ section }: { section: Section }) {
  return (
    <>
      <h1>{section.label}</h1>
      <p className="lead">{section.description}</p>
    </>
  );
}
