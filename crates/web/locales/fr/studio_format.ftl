# Sizes and measures in sentences; assigning the same work twice (issue 19).

fmt-upload-hint = Jusqu’à { $size }. Le dépôt reprend là où il s’était arrêté si la connexion est coupée.
fmt-master-export = Préparer le master de diffusion ({ $loudness })
fmt-download-size = Télécharger la vidéo ({ $size })

class-done-already-assigned = Ce travail est déjà donné à ces élèves et n’est pas encore échu. Attendez sa date limite, ou choisissez d’autres élèves.
err-already-assigned = Déjà donné à cette classe : attendez sa date limite avant de le redonner.
