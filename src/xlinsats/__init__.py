"""xlinsats: follow-up of Finsam-funded insatser."""
