"""Indonesian language tools: normalization, segmentation, stemming, stopwords, language id."""
