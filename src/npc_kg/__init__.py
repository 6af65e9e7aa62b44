"""npc-kg: articles about sessions of China's National People's Congress as a validated knowledge graph."""

__version__ = "0.1.0"
