"""Entity knowledge base and entity recognition for Marsad."""
