import { Alert, List, Text } from '@mantine/core';

/** A section whose screens are still being built: says plainly what will be here. */
export function Upcoming({ what, items }: { what: string; items: string[] }) {
  return (
    <Alert variant="light" color="gray" title="Em construção" maw={720}>
      <Text size="sm" mb="xs">
        {what}
      </Text>
      <List size="sm">
        {items.map((i) => (
          <List.Item key={i}>{i}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
