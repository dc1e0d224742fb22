# Sizes and measures in sentences (issue 19).

fmt-upload-hint = Jusqu’à { $size }. Le dépôt reprend là où il s’était arrêté si la connexion est coupée.
fmt-master-export = Préparer le master de diffusion ({ $loudness })
fmt-download-size = Télécharger la vidéo ({ $size })
