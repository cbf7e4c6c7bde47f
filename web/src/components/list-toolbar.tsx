import { Group, SegmentedControl, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A list's toolbar: which rows (a segmented filter), a text search and any further filters
 * (children), wrapping on narrow screens. Shared by the templates list and the tracker.
 */
export function ListToolbar<F extends string>({
  filterLabel,
  filters,
  filter,
  onFilter,
  searchLabel,
  search,
  onSearch,
  children,
}: {
  filterLabel: string;
  filters: { value: F; label: string }[];
  filter: F;
  onFilter: (value: F) => void;
  searchLabel: string;
  search: string;
  onSearch: (text: string) => void;
  children?: ReactNode;
}) {
  return (
    <Group align="flex-end" wrap="wrap">
      <SegmentedControl
        aria-label={filterLabel}
        data={filters}
        value={filter}
        onChange={(v) => onFilter(v as F)}
      />
      <TextInput
        label={searchLabel}
        value={search}
        onChange={(e) => onSearch(e.currentTarget.value)}
        style={{ flex: 1, minWidth: 180 }}
      />
      {children}
    </Group>
  );
}
