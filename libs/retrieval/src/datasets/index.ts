export { parseTrecDocuments, type CorpusText } from './trec-documents';
export { readIrDataset, readEmbeddings, type IrDataset, type EmbeddingMatrix } from './ir-dataset';
