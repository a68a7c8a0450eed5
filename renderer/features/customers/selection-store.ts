import { create } from 'zustand';

/**
 * The customers ticked on the Clientes list for an Ação em massa: some ids (page by page), or every
 * customer the search finds (`all`: the host applies the search itself, across pages). A new search
 * starts a new selection.
 */
type CustomerSelection = {
  ids: ReadonlySet<number>;
  all: boolean;
  /** the search text the selection belongs to */
  text: string;
  toggle: (ids: readonly number[], on: boolean) => void;
  selectAll: () => void;
  clear: () => void;
  follow: (text: string) => void;
};

export const useCustomerSelection = create<CustomerSelection>((set) => ({
  ids: new Set(),
  all: false,
  text: '',
  toggle: (ids, on) =>
    set((s) => {
      const next = new Set(s.ids);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return { ids: next, all: false };
    }),
  selectAll: () => set({ all: true, ids: new Set() }),
  clear: () => set({ all: false, ids: new Set() }),
  follow: (text) => set((s) => (s.text === text ? s : { text, all: false, ids: new Set() })),
}));
