import { Text, Title } from '@mantine/core';
import { sections, type Section } from '../app/navigation';

/** A section whose pages have not landed yet: says what it will hold rather than showing nothing. */
export function SectionPage({ section }: { section: Section }) {
  return (
    <>
      <Title order={1}>{section.label}</Title>
      <Text c="dimmed" mt="xs">
        {section.description}
      </Text>
    </>
  );
}

export function sectionPage(path: string) {
  const section = sections.find((s) => s.path === path);
  if (!section) throw new Error(`no section ${path}`);
  return function Page() {
    return <SectionPage section={section} />;
  };
}
