"""Document-to-document passes: segmentation, translation, translation memory and glossary."""
