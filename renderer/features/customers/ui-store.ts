import { create } from 'zustand';
import type { CustomerCursor } from '../../../shared/contract';

/**
 * UI state of the Clientes section, kept while the clerk opens a customer and comes back: the search
 * typed and the page of the list (the cursors of the pages before it, for "Página anterior").
 */
type CustomersUi = {
  query: string;
  pages: CustomerCursor[];
  setQuery: (query: string) => void;
  nextPage: (cursor: CustomerCursor) => void;
  previousPage: () => void;
};

export const useCustomersUi = create<CustomersUi>((set) => ({
  query: '',
  pages: [],
  setQuery: (query) => set({ query, pages: [] }),
  nextPage: (cursor) => set((s) => ({ pages: [...s.pages, cursor] })),
  previousPage: () => set((s) => ({ pages: s.pages.slice(0, -1) })),
}));
