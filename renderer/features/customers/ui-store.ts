import { create } from 'zustand';

/** UI state of the Clientes section: the search typed, kept while the clerk opens a customer and comes back. */
type CustomersUi = {
  query: string;
  setQuery: (query: string) => void;
};

export const useCustomersUi = create<CustomersUi>((set) => ({
  query: '',
  setQuery: (query) => set({ query }),
}));
